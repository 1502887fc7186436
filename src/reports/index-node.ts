// Citizen reports' adapters: photos made safe with sharp.
export {
  defaultPhotoLimits,
  makePhotoSafe,
  photoFormatOf,
  type PhotoFormat,
  type PhotoLimits,
  type RegionDetector,
  type SafePhoto,
} from './sharp-photo.js';
