"""The .deb around a frozen bundle: /opt/yichuang-workstation, /usr/bin launcher, desktop entry and icons,
the site configuration as a conffile, Depends computed from what the bundle needs of the system.

python -m installer.deb BUNDLE_DIR OUT_DIR     (scripts/build-deb.sh runs it after the PyInstaller build)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from installer.elf import highest_glibc, needed_from_system

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "installer" / "linux"
PACKAGE = "yichuang-workstation"
PREFIX = Path("opt") / PACKAGE
SITE_CONFIG = Path("etc/yichuang/site.toml")
# Needed at run time but opened with dlopen (no NEEDED entry): pyscard loads libpcsclite, which talks to
# pcscd; the ID card readers need both.
RUNTIME_PACKAGES = ("libpcsclite1", "pcscd")
RECOMMENDS = ("gnome-keyring",)  # a Secret Service for the database key (or KWallet on KDE)


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def library_packages() -> dict[str, str]:
    table = {}
    for line in (LINUX / "libraries.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            soname, package = line.split()
            table[soname] = package
    return table


def depends(bundle: Path) -> list[str]:
    """libc6 (>= the highest GLIBC version in the bundle), then the packages of the libraries it needs."""
    table = library_packages()
    needed = needed_from_system(bundle)
    unknown = [
        f"{soname} (needed by {paths[0].relative_to(bundle)})"
        for soname, paths in needed.items()
        if soname not in table
    ]
    if unknown:
        raise SystemExit(
            "the bundle needs libraries with no Debian package in installer/linux/libraries.txt:\n  "
            + "\n  ".join(unknown)
        )
    glibc = ".".join(map(str, highest_glibc(bundle).version))
    packages = sorted({table[soname] for soname in needed} | set(RUNTIME_PACKAGES))
    return [f"libc6 (>= {glibc})", *packages]


def commented_template() -> str:
    """The shipped /etc/yichuang/site.toml: the documented example with every value commented out."""
    lines = (ROOT / "installer" / "site.example.toml").read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        is_value = line and not line.startswith(("#", "[")) and "=" in line
        out.append(f"# {line}" if is_value else line)
    return "\n".join(out) + "\n"


def _install(src: Path, dest: Path, mode: int = 0o644) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    dest.chmod(mode)


def stage(bundle: Path, root: Path, version: str, arch: str) -> None:
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    _install(LINUX / "launcher.sh", root / "usr/bin" / PACKAGE, 0o755)
    _install(LINUX / f"{PACKAGE}.desktop", root / "usr/share/applications" / f"{PACKAGE}.desktop")
    icons = ROOT / "resources" / "icons"
    _install(icons / "yichuang.png", root / "usr/share/icons/hicolor/256x256/apps" / f"{PACKAGE}.png")
    _install(icons / "yichuang.svg", root / "usr/share/icons/hicolor/scalable/apps" / f"{PACKAGE}.svg")
    docs = root / "usr/share/doc" / PACKAGE
    _install(ROOT / "installer" / "site.example.toml", docs / "site.example.toml")
    _install(LINUX / "copyright", docs / "copyright")
    (root / SITE_CONFIG).parent.mkdir(parents=True)
    (root / SITE_CONFIG).write_text(commented_template(), encoding="utf-8")
    debian = root / "DEBIAN"
    debian.mkdir()
    for script in ("postinst", "postrm"):
        _install(LINUX / script, debian / script, 0o755)
    (debian / "conffiles").write_text(f"/{SITE_CONFIG}\n", encoding="utf-8")
    size_kib = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    control = {
        "Package": PACKAGE,
        "Version": version,
        "Architecture": arch,
        "Maintainer": "Yichuang workstation team <it@example.gov.cn>",
        "Installed-Size": str(size_kib),
        "Depends": ", ".join(depends(bundle)),
        "Recommends": ", ".join(RECOMMENDS),
        "Section": "misc",
        "Priority": "optional",
        "Description": "window acceptance workstation (一窗受理工作站)\n"
        " Accepts applications at the comprehensive window of a government service hall:\n"
        " applicant identification, item and material checklist, acceptance notice, and\n"
        " synchronisation with the provincial platform. Site settings: /etc/yichuang/site.toml.",
    }
    (debian / "control").write_text("".join(f"{k}: {v}\n" for k, v in control.items()), encoding="utf-8")


def build(bundle: Path, out_dir: Path) -> Path:
    version = project_version()
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], check=True, capture_output=True, text=True
    ).stdout.strip()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="deb-root-") as tmp:
        root = Path(tmp) / "root"
        stage(bundle, root, version, arch)
        # gzip: every dpkg reads it (UOS and Kylin ship older dpkg than zstd needs), and it is fast.
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(root), str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    target = build(Path(argv[0]), Path(argv[1]))
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
