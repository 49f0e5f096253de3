def page(wb, records):
    raise NotImplementedError
