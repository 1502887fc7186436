/** How much a permission lets an app watch its user. */
export type PermissionRisk = 'surveillance' | 'dangerous' | 'other';

// Powers that matter most for watching people (accessibility, usage, screen overlays, installs,
// background location, identifiers), after the research notes' list.
const surveillance = new Set([
  'android.permission.BIND_ACCESSIBILITY_SERVICE',
  'android.permission.BIND_NOTIFICATION_LISTENER_SERVICE',
  'android.permission.BIND_DEVICE_ADMIN',
  'android.permission.READ_LOGS',
  'android.permission.PACKAGE_USAGE_STATS',
  'android.permission.QUERY_ALL_PACKAGES',
  'android.permission.REQUEST_INSTALL_PACKAGES',
  'android.permission.SYSTEM_ALERT_WINDOW',
  'android.permission.ACCESS_BACKGROUND_LOCATION',
  'android.permission.READ_PHONE_STATE',
  'android.permission.WRITE_SETTINGS',
  'android.permission.RECEIVE_BOOT_COMPLETED',
  'com.google.android.gms.permission.AD_ID',
]);

// AOSP "dangerous" protection level (runtime permissions).
const dangerous = new Set(
  [
    'READ_CALENDAR',
    'WRITE_CALENDAR',
    'CAMERA',
    'READ_CONTACTS',
    'WRITE_CONTACTS',
    'GET_ACCOUNTS',
    'ACCESS_FINE_LOCATION',
    'ACCESS_COARSE_LOCATION',
    'ACCESS_MEDIA_LOCATION',
    'RECORD_AUDIO',
    'READ_PHONE_NUMBERS',
    'CALL_PHONE',
    'ANSWER_PHONE_CALLS',
    'READ_CALL_LOG',
    'WRITE_CALL_LOG',
    'ADD_VOICEMAIL',
    'USE_SIP',
    'PROCESS_OUTGOING_CALLS',
    'BODY_SENSORS',
    'BODY_SENSORS_BACKGROUND',
    'ACTIVITY_RECOGNITION',
    'SEND_SMS',
    'RECEIVE_SMS',
    'READ_SMS',
    'RECEIVE_WAP_PUSH',
    'RECEIVE_MMS',
    'READ_EXTERNAL_STORAGE',
    'WRITE_EXTERNAL_STORAGE',
    'READ_MEDIA_IMAGES',
    'READ_MEDIA_VIDEO',
    'READ_MEDIA_AUDIO',
    'BLUETOOTH_SCAN',
    'BLUETOOTH_CONNECT',
    'NEARBY_WIFI_DEVICES',
    'POST_NOTIFICATIONS',
    'UWB_RANGING',
  ].map((p) => `android.permission.${p}`),
);

/** The risk group of one permission. */
export function permissionRisk(name: string): PermissionRisk {
  if (surveillance.has(name)) return 'surveillance';
  if (dangerous.has(name)) return 'dangerous';
  return 'other';
}

/** Permissions grouped by risk, each group sorted. */
export function groupPermissions(names: readonly string[]): Record<PermissionRisk, string[]> {
  const out: Record<PermissionRisk, string[]> = { surveillance: [], dangerous: [], other: [] };
  for (const n of [...names].sort()) out[permissionRisk(n)].push(n);
  return out;
}
