"""What the clerk reads about scanners, cameras and imported files: what happened and what to do."""

from __future__ import annotations

from app.devices.scanning.camera import CameraProblem
from app.devices.scanning.files import Refusal
from app.devices.scanning.source import ScanProblem
from app.ui.qt import QtCore

translate = QtCore.QCoreApplication.translate


def scan_problem(problem: ScanProblem) -> str:
    texts = {
        ScanProblem.NO_PAPER: translate(
            "MaterialMessages", "扫描仪中没有纸张。请放入材料（进纸器：正面朝下）后重新扫描。"
        ),
        ScanProblem.JAMMED: translate(
            "MaterialMessages", "扫描仪卡纸。请打开进纸器盖板取出纸张，整理后重新放入，再重新扫描。"
        ),
        ScanProblem.COVER_OPEN: translate("MaterialMessages", "扫描仪盖板未关闭。请合上盖板后重新扫描。"),
        ScanProblem.BUSY: translate(
            "MaterialMessages", "扫描仪正被其他程序使用。请关闭其他扫描软件，稍候重新扫描。"
        ),
        ScanProblem.IO_ERROR: translate(
            "MaterialMessages", "与扫描仪的连接中断。请检查USB线和电源，然后重新扫描（已扫描的页面已保留）。"
        ),
        ScanProblem.UNPLUGGED: translate(
            "MaterialMessages", "找不到扫描仪。请检查扫描仪电源和USB连接线，然后重新扫描。"
        ),
        ScanProblem.NO_SCANNER: translate(
            "MaterialMessages", "本机未配置扫描仪。可用高拍仪拍照或导入文件；如需扫描请联系信息技术人员。"
        ),
        ScanProblem.ACCESS_DENIED: translate(
            "MaterialMessages", "没有使用扫描仪的权限。请联系信息技术人员将本账号加入 scanner 用户组。"
        ),
        ScanProblem.WARMING_UP: translate("MaterialMessages", "扫描仪正在预热。请等待几秒后重新扫描。"),
        ScanProblem.LOCKED: translate(
            "MaterialMessages", "扫描仪的运输锁未打开。请按说明书打开运输锁后重新扫描。"
        ),
        ScanProblem.CANCELLED: translate("MaterialMessages", "扫描已取消。"),
        ScanProblem.FAILED: translate(
            "MaterialMessages", "扫描失败。请重新扫描；如反复出现，请重启扫描仪或联系信息技术人员。"
        ),
    }
    return texts[problem]


def refusal(reason: Refusal) -> str:
    texts = {
        Refusal.EMPTY: translate(
            "MaterialMessages", "文件是空的（0字节），可能未保存完整，请重新扫描或另存后导入"
        ),
        Refusal.CORRUPT: translate("MaterialMessages", "文件已损坏或不是有效的图片/PDF，无法读取"),
        Refusal.UNSUPPORTED: translate(
            "MaterialMessages", "不支持的文件类型（可导入 JPG、PNG、TIFF、BMP 和 PDF）"
        ),
        Refusal.NOT_SCANNED: translate("MaterialMessages", "PDF 页面不是扫描图像，无法转换为页面"),
        Refusal.TOO_LARGE: translate("MaterialMessages", "文件过大（超过200MB）"),
        Refusal.UNREADABLE: translate("MaterialMessages", "文件无法读取（权限不足或已被移走）"),
    }
    return texts[reason]


def camera_problem(problem: CameraProblem) -> str:
    texts = {
        CameraProblem.NONE_FOUND: translate(
            "MaterialMessages", "未找到高拍仪。请检查高拍仪的USB连接，然后重新打开拍照窗口。"
        ),
        CameraProblem.BUSY: translate(
            "MaterialMessages", "高拍仪正被其他程序使用。请关闭其他拍照软件后重试。"
        ),
        CameraProblem.FAILED: translate("MaterialMessages", "高拍仪出错。请重新插拔高拍仪后重试。"),
        CameraProblem.NOT_READY: translate("MaterialMessages", "高拍仪尚未出图，请稍候再拍。"),
        CameraProblem.NOT_INSTALLED: translate(
            "MaterialMessages",
            "本机缺少高拍仪所需的系统组件，暂时无法拍照。请改用扫描仪或导入文件，并请信息技术人员修复。",
        ),
    }
    return texts[problem]
