; 工伤康复档案 — Windows installer (Inno Setup 6.4 or later). Build on Windows, see docs/install.md:
;   1. python installer\build.py             (the bundle in dist\rehab-desktop\)
;   2. iscc installer\rehab-desktop.iss      (the installer in dist\installer\)
; This file is UTF-8 with a BOM: Inno Setup reads it as Unicode only then.
;
; Per-machine install into Program Files. The archive itself is never in the install folder:
; the app keeps it in %LOCALAPPDATA%\rehab-archive (database, backups, logs, config.json), so
; uninstalling never touches it, and there is deliberately no [UninstallDelete] section.
; Upgrading: run the newer installer; the same AppId makes it replace the program in place
; (the old bundle's files are removed first), and the app upgrades the archive's schema on its
; next start after backing it up.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppNameZh "工伤康复档案"
#define AppExe "rehab-desktop.exe"
#define CliExe "rehab-archive.exe"
#define Bundle "..\dist\rehab-desktop"

[Setup]
; Never change the AppId: upgrades find the installed copy by it.
AppId={{4F6C2B1E-8A3D-4E7B-9C51-2D7A0E6B3F18}
AppName={#AppNameZh}
AppVersion={#AppVersion}
AppVerName={#AppNameZh} {#AppVersion}
AppPublisher=rehab-archive
DefaultDirName={autopf}\rehab-archive
DefaultGroupName={#AppNameZh}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist\installer
OutputBaseFilename=rehab-archive-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppNameZh} {#AppVersion}
; a running copy is asked to close before its files are replaced
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.DemoShortcut=工伤康复档案（演示）
english.DemoShortcut=Rehabilitation archive (demo)
chinesesimplified.SelfTestShortcut=工伤康复档案 自检
english.SelfTestShortcut=Rehabilitation archive self-test
chinesesimplified.LaunchApp=启动工伤康复档案
english.LaunchApp=Start the rehabilitation archive

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; upgrade in place: the previous version's bundled modules go, so none linger beside the new ones
; (the install folder only; user data is elsewhere)
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppNameZh}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autoprograms}\{cm:DemoShortcut}"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; WorkingDir: "{app}"
Name: "{autoprograms}\{cm:SelfTestShortcut}"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#CliExe}"" --self-test"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppNameZh}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[Messages]
chinesesimplified.FinishedLabel=安装完成。首次启动时会引导您创建或连接档案。%n%n档案数据保存在每个用户的 %LOCALAPPDATA%\rehab-archive 中，卸载不会删除。
english.FinishedLabel=Setup has finished. The first start guides you through creating or joining an archive.%n%nThe archive lives in each user's %LOCALAPPDATA%\rehab-archive; uninstalling never deletes it.
