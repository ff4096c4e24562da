// Public surface of the experiment templates: import from here.
export { newExperimentFiles, DEFAULT_REQUIRES_PYTHON, EXPERIMENT_RUNNERS } from './newExperiment';
export type { ExperimentFile, ExperimentRunner, NewExperimentOptions } from './newExperiment';
export { validateExperimentName } from './experimentName';
export {
  allFrameworkChoices,
  frameworkSpec,
  parseFrameworkChoice,
  sameFramework,
  FRAMEWORK_IDS,
  PYTORCH_CUDA_VERSIONS,
} from './frameworks';
export type { FrameworkChoice, FrameworkId, FrameworkSpec } from './frameworks';
export { driverCudaVersion, pytorchCudaVersionFor } from './driverCuda';
export { experimentSnippets } from './snippetBodies';
