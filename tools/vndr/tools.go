//go:build tools

package tools

import _ "github.com/LK4D4/vndr"
