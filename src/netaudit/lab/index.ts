// Device lab: emulated surveillance devices on 127.0.0.0/8 with known ground truth.
export { startLab, highPortMap, maxLabDevices } from './lab-server.js';
export type { Lab, LabOptions, LabDevice, LabGroundTruth } from './lab-server.js';
export { formatLabTable, labCredential, type LabCredential } from './lab-cli.js';
export { deviceProfiles, profileIds, findProfile } from './devices.js';
export type { GroundTruth, LabDeviceType, DeviceProfile } from './types.js';
