// asl-validator ships no type declarations; this covers the call this project makes.
declare module 'asl-validator' {
  interface ValidationOptions {
    checkPaths: boolean;
    checkArn: boolean;
  }
  interface ValidationResult {
    isValid: boolean;
    errorsText: (separator?: string) => string;
  }
  function validator(definition: object, options?: ValidationOptions): ValidationResult;
  export = validator;
}
