# used by source.cmds: a file that sources itself
source tests/debugger/self.gdb
