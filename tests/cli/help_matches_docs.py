#!/usr/bin/env python3
"""Every command's --help lists what its docs page documents, and vice versa.

Usage: help_matches_docs.py SATCIRC REPO

For each command of `satcirc --help` with a page docs/COMMAND.md, the flags
written in the page's "## Usage" section (`--name`, and `-o` for --output) must
be the flags of `satcirc COMMAND --help` (--help itself aside), and every
alternative of a value written as A|B|C in the usage block (`--engine
exact|fixed:P|float:C`) must appear in the --help text. Prints every mismatch;
exit 1 when there is one.
"""
import os
import re
import subprocess
import sys

FLAG = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*|-o)(?![\w-])")


def run(satcirc, *args):
    p = subprocess.run([satcirc, *args], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"satcirc {' '.join(args)}: exit {p.returncode}\n{p.stderr}")
    return p.stdout


def commands(satcirc):
    text = run(satcirc, "--help")
    body = text.split("commands:", 1)[1]
    return [line.split()[0] for line in body.splitlines() if line.strip()]


def usage_section(page):
    m = re.search(r"^## Usage\n(.*?)(?=^## )", page, re.S | re.M)
    return m.group(1) if m else ""


def normalize(flag):
    return "--output" if flag == "-o" else flag


def help_flags(help_text):
    body = help_text.split("\nflags:\n", 1)[1]
    return {normalize(m.group(1)) for line in body.splitlines()
            if (m := re.match(r"\s+(--[a-z][a-z0-9-]*)", line))}


def alternatives(usage):
    """(flag, alternative) for every `--flag A|B|C` in the usage code blocks."""
    out = []
    for block in re.findall(r"```\n(.*?)```", usage, re.S):
        for flag, value in re.findall(r"(--[a-z][a-z0-9-]*)[ =]([^\s\]\)]+)",
                                      block):
            if "|" in value:
                out += [(flag, alt) for alt in value.split("|") if alt]
    return out


def check_command(satcirc, repo, command):
    path = os.path.join(repo, "docs", command + ".md")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        usage = usage_section(f.read())
    help_text = run(satcirc, command, "--help")
    documented = {normalize(f) for f in FLAG.findall(usage)}
    listed = help_flags(help_text) - {"--help"}
    problems = [f"docs/{command}.md documents {f}, `satcirc {command} --help` "
                f"does not list it" for f in sorted(documented - listed)]
    problems += [f"`satcirc {command} --help` lists {f}, docs/{command}.md "
                 f"(## Usage) does not document it"
                 for f in sorted(listed - documented)]
    for flag, alt in alternatives(usage):
        if alt not in help_text:
            problems.append(f"docs/{command}.md gives {flag} {alt}, `satcirc "
                            f"{command} --help` does not mention {alt}")
    return problems


def main():
    satcirc, repo = sys.argv[1], sys.argv[2]
    checked, problems = 0, []
    for command in commands(satcirc):
        if os.path.exists(os.path.join(repo, "docs", command + ".md")):
            checked += 1
        problems += check_command(satcirc, repo, command)
    for p in problems:
        print(p)
    if checked == 0:
        sys.exit("no command has a docs page: the test checked nothing")
    print(f"{checked} commands checked, {len(problems)} mismatches")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
