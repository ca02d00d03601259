"""Scales: MT-SICS, Toledo 8217 demand, Toledo continuous and NCI protocols, stable-weight logic."""
