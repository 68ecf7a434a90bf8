args: impact io --level dep --region 22
