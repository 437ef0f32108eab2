package sysctl

import (
	"bytes"
	"strings"

	"github.com/tolint/tolint/parsers/input"
)

// Sniff reports whether a file holds sysctl settings, from its root-relative path and its
// first bytes. A sysctl file is named sysctl.conf (or ends in it: 99-sysctl.conf,
// app.sysctl.conf) or lies in a sysctl.d directory, and most of its lines that are not
// comments assign a key under one of the kernel's sysctl trees (net.ipv4.tcp_timestamps =
// 1, kernel/pid_max=4194304), which no nginx or HAProxy file does; only a file named
// sysctl.conf may hold nothing but comments. An Ansible file is YAML
// whose top level is a list (of plays or tasks, unlike Kubernetes, Envoy or tolint.yaml
// documents, which are mappings) and that calls the sysctl module.
func Sniff(rel string, head []byte) bool {
	rel = strings.ToLower(strings.ReplaceAll(rel, "\\", "/"))
	if isYAML(rel) {
		return sniffAnsible(head)
	}
	base := rel[strings.LastIndexByte(rel, '/')+1:]
	if !strings.HasSuffix(base, "sysctl.conf") && !strings.HasPrefix(rel, "sysctl.d/") && !strings.Contains(rel, "/sysctl.d/") {
		return false
	}
	good, bad := 0, 0
	for line := range lines(head) {
		from, to := trim(line, 0, len(line))
		line = line[from:to]
		if len(line) == 0 || line[0] == '#' || line[0] == ';' {
			continue
		}
		if sysctlAssignment(line) {
			good++
		} else {
			bad++
		}
	}
	// /etc/sysctl.conf as distributions ship it has every line commented out.
	return good > bad || good == 0 && bad == 0 && base == "sysctl.conf"
}

// lines yields the lines of head, without the last one when head was cut inside it.
func lines(head []byte) func(func([]byte) bool) {
	return func(yield func([]byte) bool) {
		for len(head) > 0 {
			nl := bytes.IndexByte(head, '\n')
			if nl < 0 {
				if len(head) < input.HeadSize {
					yield(head)
				}
				return
			}
			if !yield(head[:nl]) {
				return
			}
			head = head[nl+1:]
		}
	}
}

// sysctlTrees are the top directories of /proc/sys.
var sysctlTrees = map[string]bool{
	"abi": true, "crypto": true, "debug": true, "dev": true, "fs": true, "kernel": true,
	"net": true, "sunrpc": true, "user": true, "vm": true,
}

// sysctlAssignment reports whether a trimmed line is "[-]tree.x... = value" or the same
// with slashes, or the "-key" form systemd uses to exclude a key from a glob.
func sysctlAssignment(line []byte) bool {
	line = bytes.TrimPrefix(line, []byte("-"))
	key := line
	if eq := bytes.IndexByte(line, '='); eq >= 0 {
		key = bytes.TrimRight(line[:eq], " \t")
	}
	sep := -1
	for i, c := range key {
		switch c {
		case '.', '/':
			if sep < 0 {
				sep = i
			}
		case ' ', '\t', '{', '}', ';', '"', '\'':
			return false
		}
	}
	return sep > 0 && sep < len(key)-1 && sysctlTrees[string(key[:sep])]
}

// sniffAnsible looks for a top-level YAML list and a sysctl module key in it.
func sniffAnsible(head []byte) bool {
	list, module := false, false
	for line := range lines(head) {
		t := bytes.TrimRight(line, " \t\r")
		trimmed := bytes.TrimLeft(t, " \t")
		if len(trimmed) == 0 || trimmed[0] == '#' {
			continue
		}
		if !list {
			// The first content decides: a document marker or directive, then a list.
			if bytes.HasPrefix(trimmed, []byte("---")) || trimmed[0] == '%' {
				continue
			}
			if !bytes.HasPrefix(t, []byte("- ")) && !bytes.Equal(t, []byte("-")) {
				return false
			}
			list = true
		}
		for bytes.HasPrefix(trimmed, []byte("- ")) {
			trimmed = bytes.TrimLeft(trimmed[2:], " \t")
		}
		if k, _, ok := bytes.Cut(trimmed, []byte(":")); ok && moduleNames[string(k)] {
			module = true
		}
	}
	return list && module
}
