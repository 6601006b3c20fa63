"""Builds satcirc's extension module with the project's CMake build.

The C++ sources are the repository's (this folder's parent): CMake configures a
build in setuptools' build_temp folder and builds only the target _satcirc, whose
shared object goes into the wheel beside the package's Python files.
"""

import os
import pathlib
import re
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent


def project_version():
    text = (REPO / "CMakeLists.txt").read_text()
    return re.search(r"project\(satcirc VERSION ([0-9.]+)", text).group(1)


class CMakeBuild(build_ext):
    """Runs cmake for the one extension, _satcirc."""

    def build_extension(self, ext):
        import sys
        build = pathlib.Path(self.build_temp).resolve() / "cmake"
        target = pathlib.Path(self.get_ext_fullpath(ext.name)).resolve()
        subprocess.run(["cmake", "-S", str(REPO), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                        "-DSATCIRC_BUILD_BENCH=OFF", f"-DPython_EXECUTABLE={sys.executable}"],
                       check=True)
        jobs = os.environ.get("SATCIRC_JOBS", str(os.cpu_count() or 1))
        subprocess.run(["cmake", "--build", str(build), "--target", "_satcirc", "-j", jobs],
                       check=True)
        built = next((build / "python" / "satcirc").glob("_satcirc*.so"))
        target.parent.mkdir(parents=True, exist_ok=True)
        self.copy_file(str(built), str(target))


setup(
    version=project_version(),
    packages=["satcirc"],
    package_data={"satcirc": ["*.pyi", "py.typed"]},
    ext_modules=[Extension("satcirc._satcirc", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    zip_safe=False,
)
