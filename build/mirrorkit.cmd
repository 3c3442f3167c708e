@echo off
rem MirrorKit's command line from a console or a script: `mirrorkit status`, `mirrorkit apply --preset aliyun --yes`.
rem MirrorKit.exe is a GUI program: cmd.exe waits for one and passes on its exit code only inside a script,
rem which is what this file is. Electron attaches the output to this console (unless ELECTRON_NO_ATTACH_CONSOLE).
"%~dp0MirrorKit.exe" --cli %*
exit /b %ERRORLEVEL%
