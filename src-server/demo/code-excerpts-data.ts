import type { CodeExcerpt } from '../../src-shared/schemas/preview.js';

/**
 * The source around the failing line that the demo's plugins send with their errors: the Molam
 * gateway of WooCommerce, PrestaShop and Magento (PHP) and the Shopify app's webhook handler
 * (JavaScript). Each is the code as it was when the error happened; `>>` marks the failing line.
 */

const WOOCOMMERCE_GATEWAY = `
  /**
   * Charges the order with the customer's saved Molam token.
   */
  public function process_payment( $order_id ) {
    $order  = wc_get_order( $order_id );
    $client = new Molam_Client( $this->get_option( 'api_key' ), $this->testmode );

>>  $tokens = $order->get_payment_tokens();
    if ( empty( $tokens ) ) {
      wc_add_notice( __( 'No saved Molam payment method.', 'molam-payments' ), 'error' );
      return array( 'result' => 'failure' );
    }

    $intent = $client->payment_intents->create( array(
      'amount'         => molam_minor_units( $order->get_total(), $order->get_currency() ),
      'currency'       => $order->get_currency(),
      'payment_method' => end( $tokens )->get_token(),
      'metadata'       => array( 'order_id' => $order_id ),
    ) );
    $order->update_meta_data( '_molam_intent', $intent->id );
    $order->save();`;

const PHP_MODULE_GATEWAY = `
    /**
     * Builds the payment intent for the current cart.
     */
    public function buildIntent($cart, $currency)
    {
        $amount = $this->cartTotal($cart);
        $this->logger->debug('molam: building intent', ['cart' => $cart->id]);

>>      $display = number_format($amount, 2, '.', '');
        $payload = [
            'amount' => $this->toMinorUnits($display, $currency->iso_code),
            'currency' => $currency->iso_code,
            'description' => sprintf('Cart %d', $cart->id),
            'metadata' => ['cart_id' => (string) $cart->id],
        ];

        return $this->client->post('/v1/payment_intents', $payload);
    }`;

const SHOPIFY_WEBHOOK = `
import { verifyWebhook } from '../lib/shopify.js';
import { molam } from '../lib/molam-client.js';

export async function handleOrderPaid(request, reply) {
  const order = await verifyWebhook(request, process.env.SHOPIFY_WEBHOOK_SECRET);
  const intentId = order.note_attributes.find((a) => a.name === 'molam_intent')?.value;
  if (!intentId) return reply.code(204).send();

>>const amount = order.total_price_set.shop_money.amount;
  await molam.paymentIntents.capture(intentId, {
    amount: Math.round(Number(amount) * 100),
    currency: order.currency,
  });
  request.log.info({ order: order.id, intentId }, 'molam intent captured');
  return reply.code(200).send({ ok: true });
}`;

/** Which source a code scenario's error comes from. */
export type ExcerptSource = 'woocommerce_gateway' | 'php_module_gateway' | 'shopify_webhook';
const SOURCES: Record<ExcerptSource, string> = {
  woocommerce_gateway: WOOCOMMERCE_GATEWAY,
  php_module_gateway: PHP_MODULE_GATEWAY,
  shopify_webhook: SHOPIFY_WEBHOOK,
};

/** The excerpt of `file` whose marked line is line `failingLine` of the file. */
export function excerptOf(source: ExcerptSource, file: string, failingLine: number): CodeExcerpt {
  const raw = SOURCES[source].split('\n').slice(1);
  const marked = raw.findIndex((line) => line.startsWith('>>'));
  const lines = raw.map((line, index) => (index === marked ? `  ${line.slice(2)}` : line));
  return { file, start_line: failingLine - marked, failing_line: failingLine, lines };
}
