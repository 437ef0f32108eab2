package nginx

import (
	"bytes"
	"strings"
)

// otherFormats are extensions of files that are never nginx configuration, even when
// they embed some (a Kubernetes ConfigMap holding an nginx.conf is YAML).
var otherFormats = []string{
	".cfg", ".yaml", ".yml", ".json", ".tf", ".tfvars", ".hcl", ".properties", ".toml",
	".ini", ".xml", ".md", ".vtc", ".lua", ".sh", ".py", ".go", ".js", ".ts", ".j2", ".tmpl",
	".tpl", ".erb", ".liquid",
}

// nginxDirs are directory names that hold nginx configuration by convention.
var nginxDirs = []string{"sites-available", "sites-enabled", "conf.d", "snippets", "nginx", "vhosts", "http.d", "stream.d"}

// blockNames open the blocks only nginx configuration has at the start of a line.
var blockNames = map[string]bool{
	"http": true, "server": true, "events": true, "upstream": true, "location": true,
	"stream": true, "mail": true, "types": true, "map": true, "geo": true, "split_clients": true,
	"limit_except": true, "if": true,
}

// knownDirectives are common nginx directives; with the prefixes below they tell an nginx
// statement from a "key value;" line of some other language.
var knownDirectives = map[string]bool{
	"listen": true, "server_name": true, "root": true, "index": true, "include": true,
	"return": true, "rewrite": true, "add_header": true, "more_set_headers": true,
	"more_clear_headers": true, "try_files": true, "resolver": true, "resolver_timeout": true,
	"expires": true, "set": true, "allow": true, "deny": true, "types": true,
	"default_type": true, "charset": true, "charset_types": true, "log_format": true,
	"access_log": true, "error_log": true, "error_page": true, "user": true, "pid": true,
	"worker_processes": true, "worker_connections": true, "worker_rlimit_nofile": true,
	"env": true, "load_module": true, "sendfile": true, "tcp_nopush": true, "tcp_nodelay": true,
	"server_tokens": true, "alias": true, "internal": true, "autoindex": true, "etag": true,
	"auth_basic": true, "auth_basic_user_file": true, "auth_request": true, "sub_filter": true,
	"real_ip_header": true, "set_real_ip_from": true, "underscores_in_headers": true,
	"merge_slashes": true, "lua_package_path": true, "lua_shared_dict": true, "keepalive": true,
	"least_conn": true, "ip_hash": true, "hash": true, "zone": true, "multi_accept": true,
	"use": true, "daemon": true, "master_process": true, "aio": true, "directio": true,
	"output_buffers": true, "postpone_output": true, "port_in_redirect": true,
	"server_name_in_redirect": true, "absolute_redirect": true, "status": true,
	"stub_status": true, "health_check": true, "match": true, "js_import": true,
	"js_content": true, "js_set": true, "perl_set": true, "variables_hash_max_size": true,
	"variables_hash_bucket_size": true, "types_hash_max_size": true,
	"types_hash_bucket_size": true, "server_names_hash_bucket_size": true,
	"server_names_hash_max_size": true, "large_client_header_buffers": true,
	"send_timeout": true, "reset_timedout_connection": true, "lingering_close": true,
	"lingering_timeout": true, "ignore_invalid_headers": true, "recursive_error_pages": true,
	"log_not_found": true, "msie_padding": true, "if_modified_since": true,
	"default": true, "hostnames": true, "volatile": true,
}

var directivePrefixes = []string{
	"proxy_", "fastcgi_", "uwsgi_", "scgi_", "grpc_", "memcached_", "ssl_", "gzip", "brotli",
	"client_", "keepalive_", "limit_", "open_file_cache", "http2", "http3", "quic_", "add_trailer",
	"ngx_", "lua_", "access_by_lua", "content_by_lua", "rewrite_by_lua", "set_by_lua",
	"header_filter_by_lua", "body_filter_by_lua", "log_by_lua", "init_by_lua", "init_worker_by_lua",
	"balancer_by_lua", "ssl_certificate_by_lua", "upstream_", "map_hash", "sticky", "secure_link",
	"geoip", "image_filter", "xslt_", "dav_", "mp4", "hls", "flv", "slice", "ssi", "userid",
	"empty_gif", "split_clients", "auth_", "pagespeed", "vhost_traffic_status", "modsecurity",
	"more_", "headers_more", "subs_filter", "resolver", "worker_", "error_", "access_",
	"open_log_file_cache", "output_", "post_", "sendfile", "server_", "tcp_", "types_",
	"variables_", "chunked_transfer_encoding", "etag", "expires", "index", "max_",
	"send_", "satisfy", "timer_resolution", "thread_pool", "ancient_browser", "modern_browser",
	"charset", "source_charset", "override_charset", "real_ip", "set_real_ip", "log_",
}

// Sniff reports whether a file looks like nginx configuration. name is the file's path
// (only its base name and directories are looked at), head the start of its content.
// It reads nginx's shape: statements ending in ";", "{" or "}", blocks such as
// "server {" or "upstream name {", and known directive names; and it rejects the shapes
// of the formats found next to nginx files (HAProxy sections, YAML, HCL, sysctl "key = value").
func Sniff(name string, head []byte) bool {
	name = strings.ReplaceAll(name, "\\", "/")
	base := name[strings.LastIndexByte(name, '/')+1:]
	lowerBase := strings.ToLower(base)
	for _, ext := range otherFormats {
		if strings.HasSuffix(lowerBase, ext) {
			return false
		}
	}
	if bytes.Contains(head, []byte("{{")) || bytes.Contains(head, []byte("{%")) || bytes.Contains(head, []byte("<%")) {
		return false // a template: the parser would read its markers as configuration
	}
	sh := readShape(head)
	if sh.foreign*2 > sh.statements || sh.unterminated > sh.statements {
		return false
	}
	if lowerBase == "nginx.conf" {
		return true
	}
	hinted := strings.HasSuffix(lowerBase, ".conf") || strings.Contains(lowerBase, ".conf.") ||
		strings.Contains(lowerBase, "nginx") || lowerBase == "mime.types" || inNginxDir(name)
	if hinted {
		return sh.blocks+sh.known > 0
	}
	return sh.blocks > 0 && sh.known > 0
}

func inNginxDir(name string) bool {
	dirs := strings.Split(strings.ToLower(name), "/")
	for _, d := range dirs[:len(dirs)-1] {
		for _, n := range nginxDirs {
			if d == n {
				return true
			}
		}
	}
	return false
}

// haproxySections start HAProxy sections; "---" starts a YAML document.
var haproxySections = map[string]bool{
	"global": true, "defaults": true, "frontend": true, "backend": true, "listen": true,
	"peers": true, "resolvers": true, "userlist": true, "---": true,
}

// shape counts what the lines of a file look like.
type shape struct {
	statements   int // statements ending in ";", "{" or "}"
	unterminated int // statements that never end (other languages' line-based syntax)
	blocks       int // "server {", "upstream name {", "location /x {" ...
	known        int // statements starting with a known nginx directive (not a block name)
	foreign      int // lines shaped like another format ("key = value", "key: value", HAProxy sections)
}

// readShape walks the lines of head. A statement may run over several lines (a long
// log_format); it ends at a line whose last character is ';', '{' or '}'.
func readShape(head []byte) shape {
	var sh shape
	open := false
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		line = trimComment(bytes.TrimSpace(line))
		if len(line) == 0 {
			continue
		}
		word := firstWord(line)
		last := line[len(line)-1]
		ends := last == ';' || last == '{' || last == '}'
		if !open {
			switch {
			case foreignLine(line, word):
				sh.foreign++
			case isKnown(word):
				sh.known++
			}
			if last == '{' && blockNames[string(word)] {
				sh.blocks++
			}
		}
		if ends {
			sh.statements++
			open = false
		} else {
			open = true
		}
	}
	if open {
		sh.unterminated++
	}
	return sh
}

// trimComment drops a trailing "# ..." that follows whitespace, and a comment line.
func trimComment(line []byte) []byte {
	if len(line) == 0 || line[0] == '#' {
		return nil
	}
	for i := 1; i < len(line); i++ {
		if line[i] == '#' && (line[i-1] == ' ' || line[i-1] == '\t') {
			return bytes.TrimSpace(line[:i])
		}
	}
	return line
}

func firstWord(line []byte) []byte {
	end := 0
	for end < len(line) && line[end] != ' ' && line[end] != '\t' && line[end] != ';' && line[end] != '{' {
		end++
	}
	return line[:end]
}

func isKnown(word []byte) bool {
	if knownDirectives[string(word)] {
		return true
	}
	for _, p := range directivePrefixes {
		if bytes.HasPrefix(word, []byte(p)) {
			return true
		}
	}
	return false
}

// foreignLine spots "key = value" (sysctl, HCL, properties), "key: value" (YAML) and
// HAProxy section headers, none of which an nginx statement starts with.
func foreignLine(line, word []byte) bool {
	if haproxySections[string(word)] {
		last := line[len(line)-1]
		return last != ';' && last != '{'
	}
	i := 0
	for i < len(line) && (isIdentByte(line[i])) {
		i++
	}
	if i == 0 {
		return line[0] == '-' && len(line) > 1 && line[1] == ' ' // a YAML list item
	}
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if i >= len(line) {
		return false
	}
	switch line[i] {
	case '=':
		return i+1 >= len(line) || line[i+1] != '='
	case ':':
		return i+1 >= len(line) || line[i+1] != ':'
	}
	return false
}

func isIdentByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
}
