// Package nginx reads nginx configuration into tolint's graph: one proxy hop per main
// file, with a listener per server block, a pool per upstream block or proxy_pass
// address, and the routes between them. Every setting carries its position, or says it
// was inherited or is nginx's default for the version the user named.
//
// The scanner and parser are hand-written and follow ngx_conf_read_token, so what nginx
// accepts parses the same way here; what it rejects becomes a diagnostic with the exact
// position, and the rest of the file is still read.
package nginx
