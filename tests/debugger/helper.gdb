# used by source.cmds
echo in helper\n
break leaf
continue
bt 1
