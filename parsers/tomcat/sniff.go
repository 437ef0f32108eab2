package tomcat

import (
	"bytes"
	"path"
	"strings"
)

// Sniff reports whether a file is a Tomcat server.xml: an .xml file with a <Connector>
// element, or one named server.xml with a <Server> element (web.xml, context.xml and Maven
// files have neither).
func Sniff(rel string, head []byte) bool {
	base := strings.ToLower(path.Base(strings.ReplaceAll(rel, "\\", "/")))
	if path.Ext(base) != ".xml" {
		return false
	}
	if bytes.Contains(head, []byte("<Connector")) {
		return true
	}
	return base == "server.xml" && bytes.Contains(head, []byte("<Server"))
}
