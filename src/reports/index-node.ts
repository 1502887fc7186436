// Citizen reports' adapters: photos made safe with sharp, faces found with TensorFlow.js, plates
// with OpenCV's Haar cascade (shipped in models/opencv).
export {
  defaultPhotoLimits,
  makePhotoSafe,
  photoFormatOf,
  type PhotoFormat,
  type PhotoLimits,
  type RegionDetector,
  type SafePhoto,
} from './sharp-photo.js';
export { haarPlateDetector, plateCascade } from './fs-plate-cascade.js';
export { tfjsFaceDetector, type FaceDetectorOptions } from './tfjs-faces.js';
export { faceWorkerAvailable, workerFaceDetector } from './worker-face-detector.js';
export {
  evidencePublicKey,
  evidenceSigner,
  fingerprintOf,
  newEvidenceKeyPem,
  nodePackCrypto,
} from './crypto-evidence.js';
export { evidenceKeyPath, loadOrCreateEvidenceKey } from './fs-evidence-key.js';
