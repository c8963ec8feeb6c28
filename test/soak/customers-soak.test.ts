/**
 * The customer run at soak size: 5,000 orders from 1,000 customers unless MLC_CUSTOMER_ORDERS and
 * MLC_CUSTOMER_COUNT say otherwise (one record per customer, each order posted once, AIS customer calls
 * per batch window). The scenarios are the CI ones of test/e2e/customers.test.ts.
 */
process.env.MLC_CUSTOMER_ORDERS ??= "5000";
process.env.MLC_CUSTOMER_COUNT ??= "1000";
await import("../e2e/customers.test.js");
