import { IsDefined, IsObject, IsOptional, IsString, Matches } from 'class-validator';

export const ITEM_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;

/** The envelope of POST /items; `data` is validated per fact type by the catalogue. */
export class RecordItemRequest {
  @IsString()
  type!: string;

  @IsOptional()
  @Matches(ITEM_ID_PATTERN, {
    message: 'itemId must be a lowercase slug (a-z, 0-9, hyphens; at most 100 characters)',
  })
  itemId?: string;

  @IsDefined()
  @IsObject()
  data!: Record<string, unknown>;
}
