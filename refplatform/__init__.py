"""Reference platform (一体化政务服务平台 stand-in): real HTTP, real persistence; never imported by app/."""
