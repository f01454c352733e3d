"""Messages (消息): who is told (recipients), in-app notifications with their
SMS / WeChat / email copies staged on the outbox, and the user's inbox."""
