// A progress bar on stderr, drawn only when stderr is a terminal
// (docs/conventions.md: long runs show a bar on a terminal and stay quiet
// otherwise).
#ifndef SATCIRC_TOOLS_PROGRESS_H_
#define SATCIRC_TOOLS_PROGRESS_H_

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <ostream>
#include <string>

namespace satcirc::cli {

class ProgressBar {
 public:
  ProgressBar(std::ostream& err, std::string label)
      : err_(err), label_(std::move(label)), enabled_(Wanted()) {}
  // On a terminal, or when SATCIRC_PROGRESS=1 asks for it (under mpirun a
  // rank's stderr is a pipe to the launcher's: docs/distributed.md).
  static bool Wanted() {
    const char* env = std::getenv("SATCIRC_PROGRESS");
    return ::isatty(2) != 0 || (env != nullptr && std::string(env) == "1");
  }
  ~ProgressBar() { Finish(); }

  std::function<void(std::uint64_t, std::uint64_t)> callback() {
    if (!enabled_) return nullptr;
    return [this](std::uint64_t done, std::uint64_t total) {
      Update(done, total);
    };
  }
  // With a note after the count: what is being worked on now (cut to 70
  // characters; the rest of the line is cleared).
  void Update(std::uint64_t done, std::uint64_t total,
              const std::string& note) {
    note_ = note.size() > 70 ? note.substr(0, 67) + "..." : note;
    Update(done, total);
  }
  bool enabled() const { return enabled_; }
  void Update(std::uint64_t done, std::uint64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100) && done < total) return;
    last_ = now;
    const int width = 30;
    const int filled =
        total == 0 ? width : static_cast<int>(width * done / total);
    err_ << "\r" << label_ << " [" << std::string(filled, '#')
         << std::string(width - filled, ' ') << "] " << done << "/" << total
         << (note_.empty() ? "" : "  ") << note_ << "\033[K" << std::flush;
    drawn_ = true;
  }
  void Finish() {
    if (drawn_) err_ << "\r\033[K" << std::flush;
    drawn_ = false;
  }

 private:
  std::ostream& err_;
  std::string label_;
  std::string note_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace satcirc::cli

#endif  // SATCIRC_TOOLS_PROGRESS_H_
