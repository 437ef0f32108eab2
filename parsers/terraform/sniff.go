package terraform

import "strings"

// Sniff recognises Terraform configuration and variable files by name alone: their
// extensions are not shared with any other format tolint reads.
func Sniff(rel string, _ []byte) bool {
	return isConfig(rel) || isVars(rel)
}

func isConfig(rel string) bool {
	return strings.HasSuffix(rel, ".tf") || strings.HasSuffix(rel, ".tf.json")
}

func isVars(rel string) bool {
	return strings.HasSuffix(rel, ".tfvars") || strings.HasSuffix(rel, ".tfvars.json")
}
