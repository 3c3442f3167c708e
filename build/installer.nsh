; Included by electron-builder's NSIS script (electron-builder.yml: nsis.include).

; The audit trail writes to the Application log under the source "MirrorKit" with eventcreate (electron/core/audit/
; log.ts). eventcreate only writes to sources marked CustomSource and only an administrator may create one, so the
; all-users install registers it the way eventcreate itself would; a per-user install cannot write HKLM and the
; JSONL audit file stays the record.
!define MIRRORKIT_EVENT_SOURCE "SYSTEM\CurrentControlSet\Services\EventLog\Application\MirrorKit"
!macro customInstall
  ${if} $installMode == "all"
    WriteRegExpandStr HKLM "${MIRRORKIT_EVENT_SOURCE}" "EventMessageFile" "%SystemRoot%\System32\EventCreate.exe"
    WriteRegDWORD HKLM "${MIRRORKIT_EVENT_SOURCE}" "TypesSupported" 7
    WriteRegDWORD HKLM "${MIRRORKIT_EVENT_SOURCE}" "CustomSource" 1
  ${endIf}
!macroend

; The installer keeps a copy of itself in %LOCALAPPDATA%\mirrorkit-updater for differential updates, and the
; template's uninstaller never removes it (the packaging lane found ~23 MB left behind). Remove it on a real
; uninstall; an update runs the old uninstaller with --updated and must keep it.
!macro customUnInstall
  ${ifNot} ${isUpdated}
    ${if} $installMode == "all"
      DeleteRegKey HKLM "${MIRRORKIT_EVENT_SOURCE}"
    ${endIf}
    SetShellVarContext current
    RMDir /r "$LOCALAPPDATA\${APP_PACKAGE_NAME}-updater"
    ${if} $installMode == "all"
      SetShellVarContext all
    ${endif}
  ${endIf}
!macroend
