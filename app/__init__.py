"""Window acceptance workstation (一窗受理工作站)."""

__version__ = "0.1.0"
