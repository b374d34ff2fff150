#!/bin/sh
# Containers have no init: a package installed later must not try to start
# its service (invoke-rc.d reads 101 as "action forbidden").
exit 101
