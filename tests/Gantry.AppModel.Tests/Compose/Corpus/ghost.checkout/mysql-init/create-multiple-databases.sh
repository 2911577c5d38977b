#!/bin/sh
# test stand-in for ghost-docker's mysql-init/create-multiple-databases.sh
exit 0
