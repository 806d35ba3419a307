"""The .deb in a clean Debian 12 root (debootstrap minbase), as IT staff would use it: install with its
dependencies, a site configuration in /etc/yichuang, doctor, the app started offscreen by a clerk,
a broken configuration refused, then removal and purge leaving nothing but the clerk's data.

Everything inside the root runs through `unshare --mount --fork` + chroot: /proc is mounted in a private
mount namespace and disappears with the process, so no mount can outlive the test.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from installer.deb import PACKAGE

pytestmark = [pytest.mark.package, pytest.mark.slow]

SITE = """
[terminal]
code = "XH07"
window = "综合受理7号窗口"
window_number = 7
[hall]
region_code = "330106"
code = "330106-ZWFW-01"
[platform]
url = "https://zwfw.example.gov.cn"
"""
CLERK_HOME = "/home/clerk"
# Directories whose contents are the package manager's and the system's own bookkeeping, not files a
# package leaves behind.
NOT_COMPARED = ("proc", "sys", "dev", "run", "tmp", "var/cache", "var/lib/apt", "var/lib/dpkg", "var/log")


def in_root(root: Path, script: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run a shell script as root inside the Debian root, with /proc mounted privately."""
    return subprocess.run(
        [
            "unshare",
            "--mount",
            "--fork",
            "sh",
            "-c",
            'mount -t proc proc "$0/proc" && exec chroot "$0" /bin/sh -c "$1"',
            str(root),
            f"set -e\n{script}",
        ],
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def files(root: Path) -> set[str]:
    found = set()
    for dirpath, dirnames, filenames in os.walk(root):
        rel = Path(dirpath).relative_to(root)
        dirnames[:] = [d for d in dirnames if (rel / d).as_posix() not in NOT_COMPARED]
        found.update(f"/{(rel / name).as_posix()}" for name in filenames + dirnames)
    return found


def as_clerk(command: str) -> str:
    # No Secret Service runs in the root: keyring's plaintext file backend (shipped in the bundle) stands
    # in for it, so that the production (non-demo) start-up can create and open the encrypted store.
    return (
        "runuser -u clerk -- env HOME=/home/clerk QT_QPA_PLATFORM=offscreen "
        f"PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring {command}"
    )


def start_gui_until_store_opens(extra: str = "") -> str:
    """The GUI as the clerk, until the start-up probe reports the store (or 60 s pass); then closed."""
    return f"""
{as_clerk(f"env YC_STARTUP_PROBE=1 {extra} yichuang-workstation")} > /tmp/gui.log 2>&1 &
pid=$!
for _ in $(seq 600); do grep -q 'startup-probe: store' /tmp/gui.log && break; sleep 0.1; done
kill $pid; wait $pid || true
cat /tmp/gui.log
"""


def test_install_run_remove_purge(bookworm_root: Path, deb_file: Path) -> None:
    root = bookworm_root
    depends = subprocess.run(
        ["dpkg-deb", "-f", str(deb_file), "Depends"], check=True, capture_output=True, text=True
    ).stdout
    packages = " ".join(part.split()[0] for part in depends.split(","))
    # The dependencies first (from the Debian mirror), so that the comparison below sees only the package.
    ok(
        in_root(
            root,
            "export DEBIAN_FRONTEND=noninteractive\napt-get update -q >/dev/null\n"
            f"apt-get install -y -q --no-install-recommends {packages} >/dev/null\n"
            "useradd --create-home --shell /bin/sh clerk",
            timeout=900,
        )
    )
    before = files(root)
    (root / "tmp" / deb_file.name).write_bytes(deb_file.read_bytes())
    ok(in_root(root, f"dpkg -i /tmp/{deb_file.name}"))  # no systemd in the root: postinst must not fail

    assert (root / "opt" / PACKAGE / PACKAGE).is_file()
    assert (root / "usr/share/applications" / f"{PACKAGE}.desktop").is_file()
    shipped = (root / "etc/yichuang/site.toml").read_text(encoding="utf-8")
    assert "# code = " in shipped  # the shipped conffile documents every key, all commented out

    # IT staff put the hall's configuration in place and run doctor.
    (root / "etc/yichuang/site.toml").write_text(SITE, encoding="utf-8")
    report = ok(in_root(root, "QT_QPA_PLATFORM=offscreen yichuang-workstation doctor"))
    assert "[OK  ] settings          /etc/yichuang/site.toml; terminal XH07, 综合受理7号窗口" in report
    assert "[OK  ] camera support" in report  # the Depends bring what Qt Multimedia links against
    assert "All essential checks passed." in report

    # The clerk starts the app: login window, then the encrypted store is created and opened.
    gui = ok(in_root(root, start_gui_until_store_opens(), timeout=120))
    assert "startup-probe: login window painted" in gui
    assert "startup-probe: store opened" in gui, gui
    clerk_report = ok(in_root(root, as_clerk("yichuang-workstation doctor")))
    for check in ("[OK  ] key ", "[OK  ] database integrity", "[OK  ] migrations", "[OK  ] audit trail"):
        assert check in clerk_report, clerk_report
    data = root / "home/clerk/.local/share" / PACKAGE / "data"
    assert data.is_dir()

    # A broken site configuration: named file, key and reason; non-zero exit; GUI refuses too.
    (root / "etc/yichuang/site.toml").write_text('[terminal]\ncode = "x"\n', encoding="utf-8")
    broken = in_root(root, "QT_QPA_PLATFORM=offscreen yichuang-workstation doctor")
    assert broken.returncode == 2
    assert "/etc/yichuang/site.toml: terminal.code: terminal code 'x' must be" in broken.stdout
    broken_gui = in_root(root, as_clerk("yichuang-workstation"))
    assert broken_gui.returncode == 2
    assert "/etc/yichuang/site.toml: terminal.code:" in broken_gui.stderr
    (root / "etc/yichuang/site.toml").write_text(SITE, encoding="utf-8")

    # Removal keeps the site configuration (a conffile) and the clerk's data, nothing else.
    ok(in_root(root, f"dpkg -r {PACKAGE}"))
    left = files(root) - before
    user_data = {path for path in left if path.startswith(CLERK_HOME + "/")}
    assert left - user_data == {"/etc/yichuang", "/etc/yichuang/site.toml"}
    assert f"{CLERK_HOME}/.local/share/{PACKAGE}/data/workstation.db" in user_data

    # Purge also removes the site configuration; the clerk's data stays.
    ok(in_root(root, f"dpkg -P {PACKAGE}"))
    left = files(root) - before
    assert {path for path in left if not path.startswith(CLERK_HOME + "/")} == set()
    assert data.is_dir()
    assert before <= files(root)  # and nothing that was there before went missing
