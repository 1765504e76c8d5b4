#!/usr/bin/python
# -*- coding: utf-8 -*-
# settings block of the seed's vip.py (own test copy; the rest of the script is irrelevant to import)
import os
from QcloudApi.qcloudapi import QcloudApi

interface = {"eth0":"10.0.1.17"}
vip = "10.0.1.100"
thisNetworkInterfaceId = 'eni-pvsvph0u'
thatNetworkInterfaceId = 'eni-qnxioxyi'

vpcId = 'vpc-1yxuk010'

config = {
    'Region': 'bj',
    'secretId': 'AKIDexampleexampleexample',
    'secretKey': 'NotARealKeyButStillASecret',
    'method': 'post'
}
