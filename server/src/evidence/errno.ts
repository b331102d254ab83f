/** Whether `error` is a Node system error with this errno code (ENOENT, EEXIST, …). */
export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
