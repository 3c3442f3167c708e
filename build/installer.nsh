; Included by electron-builder's NSIS script (electron-builder.yml: nsis.include).
; The installer keeps a copy of itself in %LOCALAPPDATA%\mirrorkit-updater for differential updates, and the
; template's uninstaller never removes it (the packaging lane found ~23 MB left behind). Remove it on a real
; uninstall; an update runs the old uninstaller with --updated and must keep it.
!macro customUnInstall
  ${ifNot} ${isUpdated}
    SetShellVarContext current
    RMDir /r "$LOCALAPPDATA\${APP_PACKAGE_NAME}-updater"
    ${if} $installMode == "all"
      SetShellVarContext all
    ${endif}
  ${endIf}
!macroend
