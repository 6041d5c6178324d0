-- Interop: exact ids and money in normalized events, and the seed's mappings corrected.
--
-- The seed (0003) stays as written, each of its mappings as version 1; the rows still exactly as
-- seeded become version 2 here (a mapping someone has edited since is left as they made it).
-- The ISO 4217 exponent table is not copied here: the server passes it (src-shared/domain/money.ts)
-- to normalize_interop_payload() as a parameter.

-- Copies the mapped fields of a native payload. A source key may list alternatives separated by
-- "|" ("id|id_order"): the first present and not null is copied (a JSON null only when no
-- alternative has a value). Plain keys and top-level targets, the common case, take the short way.
CREATE FUNCTION interop_map_fields(p_payload jsonb, p_field_mapping jsonb) RETURNS jsonb AS $$
DECLARE
  v_mapped jsonb := '{}'::jsonb;
  v_source text;
  v_target text;
  v_path text;
  v_value jsonb;
  v_found jsonb;
BEGIN
  FOR v_source, v_target IN SELECT key, value #>> '{}' FROM jsonb_each(p_field_mapping) LOOP
    IF strpos(v_source, '|') = 0 THEN
      v_found := CASE WHEN strpos(v_source, '.') = 0 THEN p_payload -> v_source ELSE p_payload #> string_to_array(v_source, '.') END;
    ELSE
      v_found := NULL;
      FOREACH v_path IN ARRAY string_to_array(v_source, '|') LOOP
        v_value := p_payload #> string_to_array(v_path, '.');
        IF v_value IS NOT NULL AND (v_found IS NULL OR jsonb_typeof(v_found) = 'null') THEN
          v_found := v_value;
          EXIT WHEN jsonb_typeof(v_value) <> 'null';
        END IF;
      END LOOP;
    END IF;
    IF v_found IS NOT NULL THEN
      IF strpos(v_target, '.') = 0 THEN
        v_mapped := v_mapped || jsonb_build_object(v_target, v_found);
      ELSE
        v_mapped := jsonb_set_path(v_mapped, string_to_array(v_target, '.'), v_found);
      END IF;
    END IF;
  END LOOP;
  RETURN v_mapped;
END
$$ LANGUAGE plpgsql IMMUTABLE;

-- The field copy of 0002, now with alternatives (the demo seed still calls it).
CREATE OR REPLACE FUNCTION normalize_interop_event(p_payload jsonb, p_field_mapping jsonb) RETURNS jsonb AS $$
  SELECT interop_map_fields(p_payload, p_field_mapping)
$$ LANGUAGE sql IMMUTABLE;

-- True when a JSON number's text reads back exactly in a JavaScript double (JSON.parse): an
-- integer within ±(2^53 - 1), or a fraction of at most 15 significant digits within the double's
-- range. jsonb writes numbers out in plain decimal, never with an exponent.
CREATE FUNCTION json_number_is_exact(p_text text) RETURNS boolean AS $$
  SELECT CASE
    WHEN p_text ~ '^-?[0-9]+$' THEN length(p_text) < 16 OR abs(p_text::numeric) <= 9007199254740991
    ELSE length(trim(BOTH '0' FROM replace(replace(p_text, '-', ''), '.', ''))) <= 15
         AND (p_text::numeric = 0 OR abs(p_text::numeric) BETWEEN 1e-307 AND 1e308)
  END
$$ LANGUAGE sql IMMUTABLE;

-- `p_value` with every number a double cannot hold exactly replaced by the string of its digits,
-- at any depth (payloads are at most 32 levels deep).
CREATE FUNCTION jsonb_exact_numbers(p_value jsonb) RETURNS jsonb AS $$
  SELECT CASE jsonb_typeof(p_value)
    WHEN 'object' THEN (SELECT COALESCE(jsonb_object_agg(key, jsonb_exact_numbers(value)), '{}'::jsonb) FROM jsonb_each(p_value))
    WHEN 'array' THEN (SELECT COALESCE(jsonb_agg(jsonb_exact_numbers(value) ORDER BY n), '[]'::jsonb)
                         FROM jsonb_array_elements(p_value) WITH ORDINALITY AS e(value, n))
    WHEN 'number' THEN CASE WHEN json_number_is_exact(p_value #>> '{}') THEN p_value ELSE to_jsonb(p_value #>> '{}') END
    ELSE p_value
  END
$$ LANGUAGE sql IMMUTABLE;

-- How an error names a normalized field: with the source path a mapping read it from, when that
-- path has another name (only errors call this, so the alternatives are looked at again here).
CREATE FUNCTION interop_field_label(p_field text, p_payload jsonb, p_field_mapping jsonb) RETURNS text AS $$
  SELECT CASE WHEN used.path IS NULL OR used.path = p_field THEN p_field ELSE format('%s (read from "%s")', p_field, used.path) END
    FROM (SELECT (SELECT a.path
                    FROM jsonb_each_text(p_field_mapping) AS m(key, value)
                   CROSS JOIN LATERAL unnest(string_to_array(m.key, '|')) WITH ORDINALITY AS a(path, n)
                   WHERE m.value = p_field AND p_payload #> string_to_array(a.path, '.') IS NOT NULL
                   ORDER BY jsonb_typeof(p_payload #> string_to_array(a.path, '.')) = 'null', a.n
                   LIMIT 1) AS path) used
$$ LANGUAGE sql IMMUTABLE;

-- The error for a field the normalized payload lacks, saying where a mapping looked for it.
CREATE FUNCTION interop_missing(p_field text, p_field_mapping jsonb, p_why text) RETURNS text AS $$
  SELECT p_field || ': missing' || COALESCE(p_why, '') || CASE
    WHEN p_field_mapping IS NULL THEN ''
    ELSE COALESCE((SELECT format(' (the payload has no "%s")', key) FROM jsonb_each_text(p_field_mapping) WHERE value = p_field LIMIT 1),
                  format(' (the mapping writes no "%s")', p_field))
  END
$$ LANGUAGE sql IMMUTABLE;

-- A value quoted for an error message, cut at 40 characters (as money.ts quotes it).
CREATE FUNCTION interop_quote(p_text text) RETURNS text AS $$
  SELECT to_json(CASE WHEN length(p_text) > 40 THEN left(p_text, 40) || '…' ELSE p_text END)::text
$$ LANGUAGE sql IMMUTABLE;

-- Normalizes the payload of an event whose standard name is p_event (NULL: unmapped, nothing to
-- do). With a mapping, its fields are copied; without one (a standard event sent as is) the payload
-- is taken whole. Then, except for plugin.error, the money rules of src-shared/domain/money.ts:
--   * `order_id` becomes a string (a JSON integer's digits, every one kept);
--   * `amount` (a decimal string or a JSON number) with `currency` (an ISO 4217 code, any case,
--     looked up in p_exponents) becomes `amount` with exactly the currency's decimals,
--     `amount_minor` (an integer within ±(2^53 - 1)) and the upper-case `currency`;
--   * events in p_order_events must carry all three.
-- A payload that breaks a rule gets `error`, naming the field (and the source it was read from);
-- `normalized` then holds what the mapping produced, for the side-by-side view. Finally, any
-- number a double cannot hold exactly becomes the string of its digits.
CREATE FUNCTION normalize_interop_payload(
  p_payload jsonb, p_field_mapping jsonb, p_event text, p_order_events text[], p_exponents jsonb,
  OUT normalized jsonb, OUT error text) AS $$
DECLARE
  v_required boolean;
  v_value jsonb;
  v_type text;
  v_text text;
  v_code text;
  v_exponent integer;
  v_amount numeric;
  v_minor numeric;
BEGIN
  IF p_event IS NULL THEN
    RETURN;
  END IF;
  IF p_field_mapping IS NULL THEN
    normalized := p_payload;
  ELSE
    normalized := interop_map_fields(p_payload, p_field_mapping);
  END IF;

  IF p_event <> 'plugin.error' AND jsonb_typeof(normalized) = 'object' THEN
    v_required := p_event = ANY (p_order_events);

    v_value := normalized -> 'order_id';
    v_type := jsonb_typeof(v_value);
    IF v_value IS NULL OR v_type = 'null' THEN
      IF v_required THEN
        error := interop_missing('order_id', p_field_mapping, ': an order or payment event needs the order''s id');
      END IF;
    ELSIF v_type = 'number' AND (v_value #>> '{}') ~ '^-?[0-9]+$' THEN
      normalized := jsonb_set(normalized, '{order_id}', to_jsonb(v_value #>> '{}'));
    ELSIF v_type <> 'string' OR (v_value #>> '{}') = '' THEN
      error := interop_field_label('order_id', p_payload, p_field_mapping) || ': must be a non-empty string or an integer, not '
               || left(v_value::text, 40);
    END IF;

    v_value := normalized -> 'amount';
    v_type := jsonb_typeof(v_value);
    IF error IS NOT NULL THEN
      NULL;
    ELSIF v_value IS NULL OR v_type = 'null' THEN
      IF v_required THEN
        error := interop_missing('amount', p_field_mapping, NULL);
      END IF;
    ELSIF v_type NOT IN ('string', 'number') THEN
      error := interop_field_label('amount', p_payload, p_field_mapping) || ': must be a decimal string such as "199.00" or a number, not ' || v_type;
    ELSE
      v_text := v_value #>> '{}';
      IF v_text !~ '^-?[0-9]+(\.[0-9]+)?$' THEN
        error := interop_field_label('amount', p_payload, p_field_mapping) || ': ' || interop_quote(v_text) || ' is not a decimal number';
      ELSIF length(v_text) > 100 THEN
        error := interop_field_label('amount', p_payload, p_field_mapping) || ': has more than 100 characters';
      ELSE
        v_value := normalized -> 'currency';
        v_type := jsonb_typeof(v_value);
        v_code := CASE WHEN v_type = 'string' THEN upper(v_value #>> '{}') END;
        IF v_value IS NULL OR v_type = 'null' THEN
          error := interop_missing('currency', p_field_mapping, ': an amount needs its ISO 4217 currency code');
        ELSIF v_code IS NULL OR v_code !~ '^[A-Z]{3}$' OR NOT (p_exponents ? v_code) THEN
          error := interop_field_label('currency', p_payload, p_field_mapping) || ': '
                   || CASE WHEN v_type = 'string' THEN interop_quote(v_value #>> '{}') ELSE left(v_value::text, 40) END
                   || ' is not an ISO 4217 currency code';
        ELSE
          v_exponent := (p_exponents ->> v_code)::integer;
          v_amount := v_text::numeric;
          v_minor := v_amount * (10::numeric ^ v_exponent);
          IF v_minor <> trunc(v_minor) THEN
            error := format('%s: %s has more decimals than %s allows (%s)', interop_field_label('amount', p_payload, p_field_mapping), interop_quote(v_text), v_code, v_exponent);
          ELSIF abs(v_minor) > 9007199254740991 THEN
            error := format('%s: %s is beyond 9007199254740991 minor units of %s', interop_field_label('amount', p_payload, p_field_mapping), interop_quote(v_text), v_code);
          ELSE
            normalized := normalized || jsonb_build_object(
              'amount', round(v_amount, v_exponent)::text, 'amount_minor', v_minor::bigint, 'currency', v_code);
          END IF;
        END IF;
      END IF;
    END IF;
  END IF;

  -- A long run of digits is the only way to an inexact number (jsonb writes no exponents).
  IF normalized::text ~ '[0-9.]{16}' THEN
    normalized := jsonb_exact_numbers(normalized);
  END IF;
END
$$ LANGUAGE plpgsql IMMUTABLE;

-- The seed's mappings, corrected: every order and payment mapping reads the currency; WooCommerce's
-- payment_complete maps `order_id` to `order_id` (the seed had it reversed: `{"order_id": "id"}`);
-- PrestaShop's order record has `id` (`id_order` is what older hooks send), and its currency is the
-- hook's Currency object (`currency.iso_code`) or a code the plugin adds.
UPDATE interop_event_mappings AS m
   SET field_mapping = fix.field_mapping, version = m.version + 1, updated_at = now()
  FROM (VALUES
    ('woocommerce', 'woocommerce_checkout_order_processed', '{"id": "order_id", "total": "amount"}'::jsonb,
     '{"id|order_id": "order_id", "total": "amount", "currency": "currency"}'::jsonb),
    ('woocommerce', 'woocommerce_payment_complete', '{"order_id": "id", "total": "amount"}'::jsonb,
     '{"order_id|id": "order_id", "total": "amount", "currency": "currency"}'::jsonb),
    ('shopify', 'orders/create', '{"id": "order_id", "total_price": "amount"}'::jsonb,
     '{"id": "order_id", "total_price": "amount", "currency": "currency"}'::jsonb),
    ('shopify', 'orders/paid', '{"id": "order_id", "total_price": "amount"}'::jsonb,
     '{"id": "order_id", "total_price": "amount", "currency": "currency"}'::jsonb),
    ('prestashop', 'actionValidateOrder', '{"id_order": "order_id", "total_paid": "amount"}'::jsonb,
     '{"id|id_order": "order_id", "total_paid": "amount", "currency.iso_code|currency_iso_code|currency_iso|iso_code|currency": "currency"}'::jsonb),
    ('magento', 'sales_order_place_after', '{"entity_id": "order_id", "grand_total": "amount"}'::jsonb,
     '{"entity_id": "order_id", "grand_total": "amount", "order_currency_code": "currency"}'::jsonb)
  ) AS fix (platform, source_event, seeded, field_mapping)
 WHERE m.platform = fix.platform AND m.source_event = fix.source_event AND m.field_mapping = fix.seeded;
