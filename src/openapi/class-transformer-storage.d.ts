// class-transformer ships this module without typings; the converter needs its @Type metadata
// to follow nested schemas.
declare module 'class-transformer/cjs/storage' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
  export const defaultMetadataStorage: MetadataStorage;
}
