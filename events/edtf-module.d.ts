/** Minimal typing of the untyped `edtf` package: what events/edtf.ts uses. */
declare module 'edtf' {
  interface EdtfValue {
    readonly type: string;
    readonly min: number | null;
    readonly max: number | null;
    readonly values?: readonly number[];
    /** The value written back as EDTF (how the package read the input). */
    readonly edtf: string;
  }
  export default function edtf(input: string): EdtfValue;
}
