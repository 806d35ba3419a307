"""TLS material made at start-up: a private CA and a server certificate for loopback names.

Also the bad certificates a client's TLS tests need: expired, issued for the wrong host name, and
self-signed (not from the CA). Keys are EC P-256 (fast to make); key files are written mode 0600.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

LOOPBACK_NAMES = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class CertificateAuthority:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    def write(self, path: Path) -> Path:
        """The CA bundle clients verify against."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))
        return path


@dataclass(frozen=True)
class ServerIdentity:
    certfile: Path
    keyfile: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "refplatform test"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make_ca(common_name: str = "refplatform private CA", days: int = 30) -> CertificateAuthority:
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return CertificateAuthority(key, certificate)


def _alt_names(hostnames: tuple[str, ...]) -> x509.SubjectAlternativeName:
    names: list[x509.GeneralName] = []
    for host in hostnames:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return x509.SubjectAlternativeName(names)


def issue_server_certificate(
    directory: Path,
    hostnames: tuple[str, ...] = LOOPBACK_NAMES,
    *,
    ca: CertificateAuthority | None = None,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    name: str = "server",
) -> ServerIdentity:
    """A server certificate for `hostnames`, signed by `ca` (self-signed when `ca` is None)."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    start = not_before or now - dt.timedelta(minutes=5)
    end = not_after or now + dt.timedelta(days=7)
    subject = _name(hostnames[0])
    issuer_name = ca.certificate.subject if ca else subject
    signing_key = ca.key if ca else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(_alt_names(hostnames), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    )
    if ca is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
        )
    certificate = builder.sign(signing_key, hashes.SHA256())
    directory.mkdir(parents=True, exist_ok=True)
    certfile = directory / f"{name}.pem"
    keyfile = directory / f"{name}.key"
    certfile.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    descriptor = os.open(keyfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(key_bytes)
    return ServerIdentity(certfile, keyfile)


def make_server_identity(
    directory: Path, hostnames: tuple[str, ...] = LOOPBACK_NAMES
) -> tuple[Path, ServerIdentity]:
    """A fresh CA (written to `directory/ca.pem`) and a server certificate it signed."""
    ca = make_ca()
    bundle = ca.write(directory / "ca.pem")
    return bundle, issue_server_certificate(directory, hostnames, ca=ca)


def expired_certificate(directory: Path, ca: CertificateAuthority) -> ServerIdentity:
    """Signed by `ca` for the loopback names, but its validity ended yesterday."""
    now = _now()
    return issue_server_certificate(
        directory,
        ca=ca,
        not_before=now - dt.timedelta(days=30),
        not_after=now - dt.timedelta(days=1),
        name="expired",
    )


def wrong_host_certificate(directory: Path, ca: CertificateAuthority) -> ServerIdentity:
    """Signed by `ca` and valid, but for a host name that is not the one the client connects to."""
    return issue_server_certificate(directory, ("wrong.example.invalid",), ca=ca, name="wrong-host")


def self_signed_certificate(directory: Path) -> ServerIdentity:
    """Valid and for the loopback names, but signed by itself rather than by any CA the client trusts."""
    return issue_server_certificate(directory, ca=None, name="self-signed")
