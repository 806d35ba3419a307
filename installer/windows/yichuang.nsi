; Windows installer for the PyInstaller build (installer/yichuang.spec), NSIS 3 (Unicode).
;
; Build (on the Windows runner: .github/workflows/windows-installer.yml):
;   makensis /DVERSION=0.1.0 /DSOURCE_DIR=dist\yichuang-workstation /DOUT_FILE=dist\yichuang-workstation-0.1.0-setup.exe installer\windows\yichuang.nsi
;
; Silent install for IT staff (one package, one site configuration, many machines):
;   yichuang-workstation-0.1.0-setup.exe /S /SITECONFIG=\\server\share\hall-07.toml /PLATFORMURL=https://zwfw.example.gov.cn
; - /SITECONFIG=FILE   copied as it is to %ProgramData%\Yichuang\site.toml (see installer/site.example.toml)
; - /PLATFORMURL=URL   sets [platform] url: written as a new site.toml when there is none; appended as a
;                      [platform] section to one without it; refused (exit code 2) when the file already
;                      has a [platform] section, since the installer does not edit TOML.
; - without either, an existing site.toml is kept as it is (upgrades).
; Exit codes: 0 installed, 2 bad parameters (nothing installed).
; Uninstall keeps %ProgramData%\Yichuang\site.toml (add /PURGE to remove it) and never touches users' data
; (%LOCALAPPDATA%\yichuang-workstation).

Unicode true
ManifestDPIAware true
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef SOURCE_DIR
  !error "pass /DSOURCE_DIR=<the PyInstaller output folder yichuang-workstation>"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "yichuang-workstation-${VERSION}-setup.exe"
!endif

!define APP "yichuang-workstation"
!define APP_NAME "一窗受理工作站"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "TextFunc.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUT_FILE}"
InstallDir "$PROGRAMFILES64\Yichuang Workstation"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

!define MUI_ICON "..\..\resources\icons\yichuang.ico"
!define MUI_UNICON "..\..\resources\icons\yichuang.ico"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "Window Acceptance Workstation"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "Window Acceptance Workstation installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "Proprietary"

Var SiteConfig
Var PlatformUrl
Var SiteDir

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "This program needs 64-bit Windows." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
  StrCpy $SiteDir "$APPDATA\Yichuang"  ; $APPDATA of "all users" is %ProgramData%
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/SITECONFIG=" $SiteConfig
  ${If} ${Errors}
    StrCpy $SiteConfig ""
  ${EndIf}
  ClearErrors
  ${GetOptions} $0 "/PLATFORMURL=" $PlatformUrl
  ${If} ${Errors}
    StrCpy $PlatformUrl ""
  ${EndIf}
  ${If} $SiteConfig != ""
  ${AndIfNot} ${FileExists} $SiteConfig
    MessageBox MB_ICONSTOP "/SITECONFIG: $SiteConfig does not exist." /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
  ${If} $PlatformUrl != ""
    Call CheckPlatformUrl
  ${EndIf}
FunctionEnd

; A URL goes into a TOML string as it is: it must start with https:// (or http:// for localhost, which
; the app checks further) and hold no quote, backslash or space.
Function CheckPlatformUrl
  StrCpy $1 $PlatformUrl 8
  StrCpy $2 $PlatformUrl 7
  ${If} $1 != "https://"
  ${AndIf} $2 != "http://"
    Goto bad
  ${EndIf}
  StrLen $3 $PlatformUrl
  StrCpy $4 0
  ${While} $4 < $3
    StrCpy $5 $PlatformUrl 1 $4
    ${If} $5 == '"'
    ${OrIf} $5 == "\"
    ${OrIf} $5 == " "
      Goto bad
    ${EndIf}
    IntOp $4 $4 + 1
  ${EndWhile}
  Return
  bad:
    MessageBox MB_ICONSTOP "/PLATFORMURL: $PlatformUrl is not an https:// URL without quotes or spaces." /SD IDOK
    SetErrorLevel 2
    Quit
FunctionEnd

; $R0 = path of a TOML file; on return $R1 = 1 when it has a [platform] section header.
; Only ASCII header lines are compared, so the file's encoding (UTF-8) does not matter here.
Function HasPlatformSection
  StrCpy $R1 0
  FileOpen $R2 $R0 r
  ${DoUntil} ${Errors}
    FileRead $R2 $R3
    ${If} ${Errors}
      ${Break}
    ${EndIf}
    ${TrimNewLines} $R3 $R3
    ${If} $R3 == "[platform]"
      StrCpy $R1 1
      ${Break}
    ${EndIf}
  ${Loop}
  FileClose $R2
  ClearErrors
FunctionEnd

Section "Install"
  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}\*.*"
  File "/oname=site.example.toml" "..\site.example.toml"

  ; The site configuration, in the system-wide place the app reads (%ProgramData%\Yichuang\site.toml).
  CreateDirectory "$SiteDir"
  ${If} $SiteConfig != ""
    CopyFiles /SILENT "$SiteConfig" "$SiteDir\site.toml"
  ${EndIf}
  ${If} $PlatformUrl != ""
    ${If} ${FileExists} "$SiteDir\site.toml"
      StrCpy $R0 "$SiteDir\site.toml"
      Call HasPlatformSection
      ${If} $R1 == 1
        MessageBox MB_ICONSTOP "$SiteDir\site.toml already has a [platform] section: set url there instead of /PLATFORMURL." /SD IDOK
        SetErrorLevel 2
        Abort
      ${EndIf}
      FileOpen $0 "$SiteDir\site.toml" a
    ${Else}
      FileOpen $0 "$SiteDir\site.toml" w
    ${EndIf}
    FileSeek $0 0 END
    FileWrite $0 "$\r$\n[platform]$\r$\nurl = $\"$PlatformUrl$\"$\r$\n"
    FileClose $0
  ${EndIf}

  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP}.exe" "" "$INSTDIR\${APP}.exe" 0
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP}.exe" "" "$INSTDIR\${APP}.exe" 0

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Yichuang workstation team"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP}.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP}.exe"
  Delete "$INSTDIR\yichuang-cli.exe"
  Delete "$INSTDIR\site.example.toml"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  ; The site configuration stays unless /PURGE is given; users' data is never touched.
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/PURGE" $1
  ${IfNot} ${Errors}
    Delete "$APPDATA\Yichuang\site.toml"
    RMDir "$APPDATA\Yichuang"
  ${EndIf}
SectionEnd
