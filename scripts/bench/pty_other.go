//go:build !linux

package main

import (
	"errors"
	"os"
	"syscall"
)

// openPTY is only implemented on Linux.
func openPTY(rows, cols uint16) (master, slave *os.File, err error) {
	return nil, nil, errors.New("the first-frame benchmark needs Linux ptys")
}

// ttyAttr is unused off Linux.
func ttyAttr() *syscall.SysProcAttr { return nil }
