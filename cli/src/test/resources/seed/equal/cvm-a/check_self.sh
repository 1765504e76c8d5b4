#!/bin/bash
# VIP self-check, as in the seed how-to (own test copy)
vip=10.0.1.100
interface=eth0
state=`cat /var/keepalived/state`
