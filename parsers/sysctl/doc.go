// Package sysctl reads a Linux host's kernel TCP settings into one hop: sysctl.conf and
// sysctl.d files (the format of procps sysctl -p and systemd-sysctl) and Ansible tasks that
// set sysctls with the sysctl module. The hop has no listeners or pools; tolint.yaml names
// the file in a hop's config: list, and the graph merges the settings into that hop.
//
// Read: net.ipv4.tcp_timestamps, tcp_tw_reuse, tcp_tw_recycle and tcp_keepalive_time into
// graph.TCP, and tcp_keepalive_intvl, tcp_keepalive_probes and tcp_fin_timeout only to
// report values the kernel would refuse. Nothing is filled from the kernel's defaults here:
// a sysctl file changes a few values of a host whose other settings may come from another
// file of the same host, so an absent key stays unset, and the graph fills the linux
// defaults (software "linux") into what no file of the hop set.
package sysctl
