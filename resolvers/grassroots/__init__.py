"""Experts serving the grassroots (专家服务基层): designated areas, the experts an office
lists for a year, their service records and the yearly 15 days."""
