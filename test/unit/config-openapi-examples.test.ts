import { validateEntityData, validateFactData } from '../../events/validation';
import { GA_ASI_ENTITY, RECORD_ITEM_EXAMPLES } from '../../src/openapi/seed-examples';

describe('OpenAPI examples from the seed story', () => {
  it.each(Object.entries(RECORD_ITEM_EXAMPLES))(
    '%s is accepted by the fact catalogue',
    (_name, example) => {
      expect(validateFactData(example.value.type, example.value.data)).toEqual([]);
    },
  );

  it('the entity example is a valid registration', () => {
    expect(validateEntityData(GA_ASI_ENTITY)).toEqual([]);
  });
});
