// Package linkcheck tells whether links still work: offline from the clock
// when it can, else with one ranged GET of the exact stored URL, whose
// answer is classified into a verdict (works, expired, object gone, wrong
// region, wrong content...). Probes go only to the link's own endpoint.
package linkcheck
