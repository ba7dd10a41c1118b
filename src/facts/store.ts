// Placeholder replaced by the fact store (issue 2) in the next commits.
export class FactStore {}
