"""Reference platform server (一体化政务服务平台 stand-in): real HTTP, real persistence.

Never imported by app/.
"""
