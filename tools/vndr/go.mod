// Pins vndr v0.1.2 (commit f12b881), the version moby used, for the tests.
// `go install github.com/LK4D4/vndr@v0.1.2` fails on machines whose module
// proxy does not serve the checksum database; building from this module with
// the checksums committed in go.sum needs only the proxy.
module vendorfork.test/tools/vndr

go 1.20

require github.com/LK4D4/vndr v0.1.2
