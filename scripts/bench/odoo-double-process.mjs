// The Odoo XML-RPC test double in a process of its own for the benchmark, so its XML parsing
// does not share an event loop with the load generator. Prints its URL, stops on SIGTERM.
import { OdooXmlRpcTestDouble } from '@gantry/testing';

const odoo = new OdooXmlRpcTestDouble({ serverVersion: '17.0', latencyMs: Number(process.env.ODOO_LATENCY_MS ?? 2), database: 'bench' });
const { url } = await odoo.start();
console.log(`odoo-double ${url}`);
process.on('SIGTERM', () => void odoo.stop().then(() => process.exit(0)));
