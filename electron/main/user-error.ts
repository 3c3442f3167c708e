/** A refusal of the binding itself (not the core's), carried as a message code of the app area. */
export class UserError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}
