print("meterwatch")
