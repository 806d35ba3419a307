"""Reference platform server (一体化政务服务平台 stand-in); never imported by app/."""
