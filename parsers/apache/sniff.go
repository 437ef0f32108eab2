package apache

import (
	"bytes"
	"path"
	"strings"

	"github.com/tolint/tolint/parsers/input"
)

// directives are common httpd directives, lower-cased; a line starting with one of them
// (or with a section such as <VirtualHost) is an httpd line.
var directives = map[string]bool{
	"servername": true, "serveralias": true, "serveradmin": true, "serverroot": true, "documentroot": true,
	"listen": true, "loadmodule": true, "include": true, "includeoptional": true, "keepalive": true,
	"keepalivetimeout": true, "maxkeepaliverequests": true, "timeout": true, "proxypass": true,
	"proxypassreverse": true, "proxypassmatch": true, "proxypreservehost": true, "proxytimeout": true,
	"proxyrequests": true, "balancermember": true, "errorlog": true, "customlog": true, "logformat": true,
	"loglevel": true, "rewriteengine": true, "rewriterule": true, "rewritecond": true, "sslengine": true,
	"sslcertificatefile": true, "sslcertificatekeyfile": true, "directoryindex": true, "options": true,
	"allowoverride": true, "require": true, "order": true, "allow": true, "deny": true, "alias": true,
	"scriptalias": true, "redirect": true, "header": true, "requestheader": true, "setenv": true,
	"addtype": true, "addhandler": true, "user": true, "group": true, "pidfile": true, "mutex": true,
	"hostnamelookups": true, "servertokens": true, "serversignature": true, "traceenable": true,
	"startservers": true, "maxrequestworkers": true, "threadsperchild": true, "wsgidaemonprocess": true,
	"wsgiscriptalias": true, "define": true, "protocols": true, "typesconfig": true, "accessfilename": true,
	"adddefaultcharset": true, "enablesendfile": true,
}

// sections are the httpd section tags, lower-cased, without '<'.
var sections = map[string]bool{
	"virtualhost": true, "directory": true, "directorymatch": true, "location": true, "locationmatch": true,
	"files": true, "filesmatch": true, "ifmodule": true, "ifdefine": true, "ifversion": true, "proxy": true,
	"proxymatch": true, "limit": true, "limitexcept": true, "if": true, "else": true, "elseif": true,
	"requireall": true, "requireany": true, "requirenone": true, "macro": true,
}

// haproxyWords start HAProxy lines; HAProxy files are sometimes named .conf too.
var haproxyWords = map[string]bool{
	"global": true, "defaults": true, "frontend": true, "backend": true, "peers": true,
	"resolvers": true, "userlist": true, "bind": true, "server": true, "balance": true, "maxconn": true,
	"option": true, "mode": true, "stats": true, "acl": true, "use_backend": true, "default_backend": true,
	"http-request": true, "http-response": true, "default-server": true, "tcp-request": true, "log": true,
}

// Sniff reports whether a file is Apache httpd configuration: httpd.conf or apache2.conf,
// or a .conf file (in any directory; Debian's sites-available holds nginx and Apache files
// alike) most of whose statements are httpd directives or sections; lines ending in ';' or
// '{' (nginx) count against it.
func Sniff(rel string, head []byte) bool {
	rel = strings.ToLower(strings.ReplaceAll(rel, "\\", "/"))
	base := path.Base(rel)
	if path.Ext(base) != ".conf" && !strings.HasSuffix(base, ".conf.default") {
		return false
	}
	good, bad := 0, 0
	for line := range input.Lines(head) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if last := line[len(line)-1]; last == ';' || last == '{' || last == '}' {
			bad++
			continue
		}
		word := line
		if i := bytes.IndexAny(line, " \t>"); i >= 0 {
			word = line[:i]
		}
		w := strings.ToLower(string(word))
		switch {
		case haproxyWords[w], w == "timeout" && bytes.Count(bytes.TrimSpace(line[len(word):]), []byte(" ")) > 0:
			bad++ // "timeout client 30s" is HAProxy's; httpd's Timeout takes one number
		case strings.HasPrefix(w, "</"), strings.HasPrefix(w, "<") && sections[w[1:]], directives[w]:
			good++
		case bytes.IndexByte(line, '=') >= 0 && bytes.IndexByte(line, ' ') < 0:
			bad++ // key=value (sysctl, properties)
		}
	}
	if base == "httpd.conf" || base == "apache2.conf" {
		return good > 0 || bad == 0
	}
	return good > 0 && good > bad
}
